/**
 * The voice TwiML the Twilio stand-in understands, parsed from the XML an app
 * answers. Hand-written because TwiML is a tiny, flat XML dialect and the
 * project has no XML parser of its own; it is strict where Twilio is (a
 * document that is not well-formed, or a verb it does not know, fails the
 * call with Twilio's error 12100) so a broken answer cannot pass a test.
 */

export type TwimlAttributes = Record<string, string>;

export interface TwimlNumber {
  number: string;
  attributes: TwimlAttributes;
}

export type TwimlVerb =
  | { verb: "Say"; text: string; attributes: TwimlAttributes }
  | { verb: "Play"; url: string; attributes: TwimlAttributes }
  | { verb: "Pause"; lengthSeconds: number }
  | { verb: "Hangup" }
  | { verb: "Redirect"; url: string; method: "GET" | "POST" }
  | { verb: "Record"; attributes: TwimlAttributes }
  | { verb: "Dial"; attributes: TwimlAttributes; numbers: TwimlNumber[] };

export class TwimlError extends Error {
  /** Twilio's "Document parse failure", which its debugger reports for both malformed XML and unknown verbs. */
  readonly code = 12100;
}

interface XmlElement {
  name: string;
  attributes: TwimlAttributes;
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*/;

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1].toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const known = ENTITIES[entity];
    if (known === undefined) throw new TwimlError(`unknown entity &${entity};`);
    return known;
  });
}

/** A well-formedness-checking reader for the subset of XML TwiML uses: no DTDs, no processing beyond the declaration. */
function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new TwimlError(`${why} at offset ${at}`);
  };
  const skipPast = (token: string) => {
    const found = xml.indexOf(token, at);
    if (found < 0) fail(`missing ${token}`);
    at = found + token.length;
  };
  const skipMisc = () => {
    for (;;) {
      const rest = xml.slice(at);
      const space = /^\s+/.exec(rest);
      if (space) at += space[0].length;
      else if (rest.startsWith("<?")) skipPast("?>");
      else if (rest.startsWith("<!--")) skipPast("-->");
      else return;
    }
  };

  function element(): XmlElement {
    if (xml[at] !== "<") fail("expected an element");
    at++;
    const name = NAME.exec(xml.slice(at))?.[0] ?? fail("expected an element name");
    at += name.length;
    const attributes: TwimlAttributes = {};
    for (;;) {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/.exec(xml.slice(at));
      if (!attribute) break;
      if (Object.hasOwn(attributes, attribute[1])) fail(`duplicate attribute ${attribute[1]}`);
      attributes[attribute[1]] = decode(attribute[2] ?? attribute[3]);
      at += attribute[0].length;
    }
    const end = /^\s*(\/?)>/.exec(xml.slice(at)) ?? fail(`malformed tag <${name}>`);
    at += end[0].length;
    const node: XmlElement = { name, attributes, children: [] };
    if (end[1]) return node;
    for (;;) {
      if (at >= xml.length) fail(`<${name}> is never closed`);
      if (xml.startsWith("</", at)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(at)) ?? fail("malformed closing tag");
        if (close[1] !== name) fail(`</${close[1]}> closes <${name}>`);
        at += close[0].length;
        return node;
      }
      if (xml.startsWith("<!--", at)) skipPast("-->");
      else if (xml.startsWith("<![CDATA[", at)) {
        const stop = xml.indexOf("]]>", at);
        if (stop < 0) fail("unterminated CDATA");
        node.children.push(xml.slice(at + 9, stop));
        at = stop + 3;
      } else if (xml[at] === "<") node.children.push(element());
      else {
        const stop = xml.indexOf("<", at);
        node.children.push(decode(xml.slice(at, stop < 0 ? xml.length : stop)));
        at = stop < 0 ? xml.length : stop;
      }
    }
  }

  skipMisc();
  const root = element();
  skipMisc();
  if (at < xml.length) fail("content after the root element");
  return root;
}

const text = (node: XmlElement) =>
  node.children
    .filter((child) => typeof child === "string")
    .join("")
    .trim();

const elements = (node: XmlElement) => node.children.filter((child): child is XmlElement => typeof child !== "string");

function toVerb(node: XmlElement): TwimlVerb {
  const { attributes } = node;
  switch (node.name) {
    case "Say":
      return { verb: "Say", text: text(node), attributes };
    case "Play":
      return { verb: "Play", url: text(node), attributes };
    case "Pause":
      return { verb: "Pause", lengthSeconds: Number(attributes.length ?? "1") || 1 };
    case "Hangup":
      return { verb: "Hangup" };
    case "Redirect": {
      const url = text(node);
      if (!url) throw new TwimlError("<Redirect> needs a URL");
      return { verb: "Redirect", url, method: attributes.method?.toUpperCase() === "GET" ? "GET" : "POST" };
    }
    case "Record":
      return { verb: "Record", attributes };
    case "Dial": {
      const nouns = elements(node);
      const unknown = nouns.find((noun) => noun.name !== "Number");
      if (unknown) throw new TwimlError(`<Dial><${unknown.name}> is not supported by the stand-in`);
      // `<Dial>+5511...</Dial>` is shorthand for one <Number> without attributes.
      const numbers = nouns.length > 0 ? nouns.map((noun) => ({ number: text(noun), attributes: noun.attributes })) : [{ number: text(node), attributes: {} }];
      if (numbers.some((item) => !item.number)) throw new TwimlError("<Dial> without a number to call");
      return { verb: "Dial", attributes, numbers };
    }
    default:
      throw new TwimlError(`<${node.name}> is not a voice verb the stand-in knows`);
  }
}

/** The verbs of a `<Response>` document, in order. Throws TwimlError for anything Twilio would refuse to run. */
export function parseTwiml(xml: string): TwimlVerb[] {
  const root = parseXml(xml);
  if (root.name !== "Response") throw new TwimlError(`the root element is <${root.name}>, not <Response>`);
  return elements(root).map(toVerb);
}
