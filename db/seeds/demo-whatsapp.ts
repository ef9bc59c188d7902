/**
 * The demo organizations' WhatsApp connections. On the embedded defaults they
 * talk to the loopback Graph stand-in (app/server/graph-stand-in.ts), which is
 * started with exactly these accounts, and `npm run whatsapp:simulate` signs
 * its webhooks with these secrets. Constants only: they are not real Meta
 * credentials and are never valid anywhere but on this machine's loopback.
 */

export interface DemoWhatsAppTemplate {
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED';
  category: 'MARKETING' | 'UTILITY';
  /** As Graph lists them: the body text with {{n}} variables and an example per variable. */
  components: { type: 'BODY'; text: string; example?: { body_text: string[][] } }[];
}

export interface DemoWhatsAppConnection {
  /** The unguessable part of `/webhooks/whatsapp/:connectionKey`. */
  connectionKey: string;
  wabaId: string;
  phoneNumbers: { id: string; display: string }[];
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  templates: DemoWhatsAppTemplate[];
}

function templates(): DemoWhatsAppTemplate[] {
  return [
    {
      name: 'boas_vindas',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Olá, {{1}}! Obrigado pelo contato. Como podemos ajudar?', example: { body_text: [['Maria']] } }],
    },
    {
      name: 'retomar_contato',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'MARKETING',
      components: [
        {
          type: 'BODY',
          text: 'Oi, {{1}}! Ainda tem interesse em {{2}}? Podemos conversar hoje?',
          example: { body_text: [['Maria', 'um site novo']] },
        },
      ],
    },
    {
      name: 'proposta_enviada',
      language: 'pt_BR',
      status: 'PENDING',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: '{{1}}, sua proposta foi enviada por e-mail.', example: { body_text: [['Maria']] } }],
    },
    {
      name: 'promocao_relampago',
      language: 'pt_BR',
      status: 'REJECTED',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Só hoje: 50% de desconto em qualquer plano!' }],
    },
  ];
}

/** Keyed by organization slug (the demo seeds `aurora` and `boreal`). */
export const DEMO_WHATSAPP_CONNECTIONS: Record<'aurora' | 'boreal', DemoWhatsAppConnection> = {
  aurora: {
    connectionKey: 'demo-aurora-whatsapp',
    wabaId: '310000000000001',
    phoneNumbers: [{ id: '104729381029384', display: '+55 11 4000-0001' }],
    accessToken: 'aurora-demo-access-token',
    appSecret: 'aurora-demo-app-secret',
    verifyToken: 'aurora-demo-verify',
    templates: templates(),
  },
  boreal: {
    connectionKey: 'demo-boreal-whatsapp',
    wabaId: '310000000000002',
    phoneNumbers: [{ id: '204729381029385', display: '+55 21 4000-0001' }],
    accessToken: 'boreal-demo-access-token',
    appSecret: 'boreal-demo-app-secret',
    verifyToken: 'boreal-demo-verify',
    templates: templates(),
  },
};
