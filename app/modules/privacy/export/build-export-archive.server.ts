import { openFile } from "~/modules/files/open-file.server";
import type { gatherExportData, ExportFile, ExportLead } from "./gather-export-data.server";
import type { ZipStream } from "./zip-stream.server";

/** What the archive says about the request itself: no internal ids, nobody else's data. */
export interface ExportRequestSummary {
  kind: string;
  receivedAt: string;
  dueAt: string;
  requesterContact: string;
  subject: { phone: string | null; email: string | null };
  leadCount: number;
}

const README = `LEIA-ME — Exportação de dados pessoais (LGPD, art. 18)

Este arquivo reúne os dados pessoais que a organização mantém sobre você no
Loved CRM, conforme o seu pedido de acesso e portabilidade. Os arquivos JSON
podem ser abertos em qualquer editor de texto.

pedido.json
  O seu pedido: tipo, quando foi recebido, o prazo de resposta, o contato
  informado para a resposta e o telefone ou e-mail usado para encontrar os
  seus dados.

leads.json
  Cada cadastro (lead) com o seu telefone ou e-mail: nome, contatos, empresa,
  cargo, etapa do funil, origem, prioridade, etiquetas, valor estimado, campos
  personalizados, situação, observações, quem da equipe o atende e datas.
  Pode haver mais de um cadastro (duplicados).

leads/<número>-<nome>/conversa.json
  A linha do tempo do cadastro, da mais antiga à mais recente: mensagens de
  WhatsApp recebidas e enviadas, anotações da equipe e ligações com os seus
  dados (duração, situação, gravação e transcrição, quando houver). O campo
  "arquivos" aponta para os arquivos da pasta arquivos/.

leads/<número>-<nome>/resumos-ia.json
  Resumos das conversas gerados por inteligência artificial: resumo,
  sentimento, intenção, próximos passos e dados extraídos.

leads/<número>-<nome>/historico.json
  O histórico do cadastro: criação, alterações, mudanças de etapa e de
  responsável, com data e autor.

arquivos/<número>-<nome>/
  Fotos, áudios, vídeos e documentos trocados por WhatsApp e as gravações de
  ligações, nomeados pela data e hora em que chegaram.

Datas e horas estão no padrão ISO 8601, em UTC.
Este arquivo fica disponível para download por 7 dias.
`;

/** A name safe in any unzip tool: letters without accents, digits, dashes. */
function slugOf(text: string, fallback: string) {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || fallback;
}

const EXTENSIONS: Record<string, string> = { jpeg: "jpg", mpeg: "mp3", "x-wav": "wav", plain: "txt", quicktime: "mov" };

function extensionOf(contentType: string) {
  const subtype = /^[\w.+-]+\/([\w.+-]+)/.exec(contentType)?.[1]?.toLowerCase() ?? "bin";
  return EXTENSIONS[subtype] ?? (/^[a-z0-9]{1,5}$/.test(subtype) ? subtype : "bin");
}

function fileNameOf(file: ExportFile, taken: Set<string>) {
  const stamp = new Date(file.createdAt).toISOString().slice(0, 19).replace(/[T:]/g, (c) => (c === "T" ? "_" : "-"));
  const label = file.originalName ? slugOf(file.originalName, file.kind) : `${file.kind === "call_recording" ? "gravacao" : "midia"}.${extensionOf(file.contentType)}`;
  let name = `${stamp}-${label}`;
  for (let n = 2; taken.has(name); n++) name = `${stamp}-${n}-${label}`;
  taken.add(name);
  return name;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

async function* timelineJson(batches: AsyncIterable<{ communicationId: string; entry: object }[]>, filesOf: Map<string, string[]>) {
  yield "[";
  let first = true;
  for await (const batch of batches) {
    for (const { communicationId, entry } of batch) {
      yield `${first ? "\n" : ",\n"}${json({ ...entry, arquivos: filesOf.get(communicationId) ?? [] })}`;
      first = false;
    }
  }
  yield "\n]\n";
}

/** The bytes of a stored file, streamed from S3 into the archive. */
async function* bytesOf(organizationId: string, fileId: string): AsyncIterable<Uint8Array> {
  const file = await openFile(organizationId, fileId);
  if (!file || file.sizeBytes === 0) return;
  yield* await file.read();
}

/**
 * Writes the whole archive into `zip`: the README, the request, the leads,
 * then lead by lead its timeline, summaries, history and files (streamed
 * from S3 into the archive). `onLead` hears after each lead, for progress.
 */
export async function buildExportArchive(
  zip: ZipStream,
  input: { organizationId: string; request: ExportRequestSummary; leads: ExportLead[] },
  data: ReturnType<typeof gatherExportData>,
  onLead: (done: number) => Promise<void>,
) {
  let fileCount = 0;
  await zip.add("LEIA-ME.txt", [README]);
  await zip.add("pedido.json", [json(input.request)]);
  await zip.add("leads.json", [json(input.leads)]);
  for (const [index, lead] of input.leads.entries()) {
    const folder = `${String(index + 1).padStart(2, "0")}-${slugOf(lead.fullName, "lead")}`;
    const files = await data.files(lead.id);
    const taken = new Set<string>();
    const filesOf = new Map<string, string[]>();
    const paths = files.map((file) => {
      const path = `arquivos/${folder}/${fileNameOf(file, taken)}`;
      filesOf.set(file.communicationId, [...(filesOf.get(file.communicationId) ?? []), path]);
      return path;
    });
    await zip.add(`leads/${folder}/conversa.json`, timelineJson(data.timeline(lead.id), filesOf));
    await zip.add(`leads/${folder}/resumos-ia.json`, [json(await data.summaries(lead.id))]);
    await zip.add(`leads/${folder}/historico.json`, [json(await data.activities(lead.id))]);
    for (const [at, file] of files.entries()) await zip.add(paths[at], bytesOf(input.organizationId, file.id), { stored: true });
    fileCount += files.length;
    await onLead(index + 1);
  }
  zip.end();
  return { fileCount };
}
