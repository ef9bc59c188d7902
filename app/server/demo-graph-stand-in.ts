import { rmSync, writeFileSync } from "node:fs";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { ensurePrivateDir, PRIVATE_FILE } from "~/utils/private-files.server";
import { graphStandInInfoFile, startGraphStandIn } from "./graph-stand-in";

export interface DemoGraphStandIn {
  url: string;
  stop(): Promise<void>;
}

/**
 * The offline demo's WhatsApp: the loopback Graph stand-in with the demo
 * connections' accounts, playing its delivery statuses back to the app's
 * webhook route (`appUrl`) signed with each demo app secret, as Meta would.
 * Its address goes to the data directory for `npm run whatsapp:simulate`,
 * which hands it the pictures a "customer" sends; stop() removes it again.
 */
export async function startDemoGraphStandIn(options: { dataDir: string; appUrl: string }): Promise<DemoGraphStandIn> {
  const standIn = await startGraphStandIn({
    accounts: Object.values(DEMO_WHATSAPP_CONNECTIONS).map((demo) => ({
      ...demo,
      webhook: { url: `${options.appUrl}/webhooks/whatsapp/${demo.connectionKey}`, appSecret: demo.appSecret },
    })),
  });
  const infoFile = graphStandInInfoFile(options.dataDir);
  ensurePrivateDir(options.dataDir);
  // A launcher that was killed (-9) leaves its file behind; this run's address replaces it.
  rmSync(infoFile, { force: true });
  writeFileSync(infoFile, JSON.stringify({ url: standIn.url }), PRIVATE_FILE);
  return {
    url: standIn.url,
    async stop() {
      rmSync(infoFile, { force: true });
      await standIn.close();
    },
  };
}
