import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { publishStandInAddress } from "./stand-in-info";
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
  const unpublish = publishStandInAddress(graphStandInInfoFile(options.dataDir), standIn.url);
  return {
    url: standIn.url,
    async stop() {
      unpublish();
      await standIn.close();
    },
  };
}
