/**
 * The board's icons as one sprite: each shape is in the document once
 * (`<IconSprite />`, rendered by the board) and every use of it is a short
 * `<use>` reference, instead of the same paths repeated on every card.
 */
const stroke = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const SHAPES = {
  whatsapp: (
    <path
      fill="currentColor"
      d="M12.04 2C6.58 2 2.13 6.45 2.13 11.91c0 1.75.46 3.45 1.32 4.95L2.05 22l5.25-1.38a9.9 9.9 0 0 0 4.74 1.21c5.46 0 9.91-4.45 9.91-9.91C21.95 6.45 17.5 2 12.04 2Zm0 18.15a8.2 8.2 0 0 1-4.19-1.15l-.3-.18-3.12.82.83-3.04-.2-.31a8.23 8.23 0 0 1-1.26-4.38c0-4.54 3.7-8.24 8.24-8.24 4.54 0 8.23 3.7 8.23 8.24 0 4.54-3.69 8.24-8.23 8.24Zm4.52-6.16c-.25-.12-1.47-.72-1.69-.81-.23-.08-.39-.12-.56.13-.16.25-.64.81-.78.97-.14.17-.29.19-.54.06-.25-.12-1.05-.39-1.99-1.23-.74-.66-1.23-1.47-1.38-1.72-.14-.25-.01-.38.11-.51.11-.11.25-.29.37-.43.13-.15.17-.25.25-.42.08-.17.04-.31-.02-.43-.06-.12-.56-1.34-.76-1.84-.2-.48-.41-.42-.56-.43h-.48c-.17 0-.43.06-.66.31-.22.25-.86.85-.86 2.07 0 1.22.89 2.4 1.01 2.56.12.17 1.75 2.67 4.23 3.74.59.26 1.05.41 1.41.52.59.19 1.13.16 1.56.1.48-.07 1.47-.6 1.67-1.18.21-.58.21-1.08.14-1.18-.06-.11-.22-.17-.47-.29Z"
    />
  ),
  phone: (
    <path
      {...stroke}
      d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92Z"
    />
  ),
  email: (
    <g {...stroke}>
      <rect x="2" y="4" width="20" height="16" rx="2" />
      <path d="m22 7-8.97 5.7a1.94 1.94 0 0 1-2.06 0L2 7" />
    </g>
  ),
  meeting: (
    <g {...stroke}>
      <path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2" />
      <circle cx="9" cy="7" r="4" />
      <path d="M22 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75" />
    </g>
  ),
  note: (
    <g {...stroke}>
      <path d="M15.5 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V8.5L15.5 3Z" />
      <path d="M15 3v5a1 1 0 0 0 1 1h5M8 13h8M8 17h5" />
    </g>
  ),
  sms: <path {...stroke} d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />,
  grip: (
    <g fill="currentColor">
      {[5, 12, 19].flatMap((y) => [9, 15].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.6" />))}
    </g>
  ),
  plus: <path {...stroke} d="M12 5v14M5 12h14" />,
  search: (
    <g {...stroke}>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </g>
  ),
  filter: <path {...stroke} d="M3 5h18M6 12h12M10 19h4" />,
  close: <path {...stroke} d="M18 6 6 18M6 6l12 12" />,
  flag: (
    <path
      fill="currentColor"
      d="M5 2.75a.75.75 0 0 1 .75.75v.6c1.6-.78 3.4-.85 5.35-.07 1.74.7 3.33.66 5.03-.27A.75.75 0 0 1 17.25 4.4v9a.75.75 0 0 1-.4.66c-2.1 1.15-4.2 1.2-6.31.36-1.69-.68-3.24-.6-4.79.3v6.78a.75.75 0 0 1-1.5 0V3.5A.75.75 0 0 1 5 2.75Z"
    />
  ),
  lock: (
    <g {...stroke}>
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </g>
  ),
} as const;

export type IconName = keyof typeof SHAPES;

const CHANNELS = new Set<string>(["whatsapp", "phone", "email", "meeting", "note", "sms"]);

/** Every shape once; render it once on a page whose components use `Icon`. */
export function IconSprite() {
  return (
    <svg aria-hidden className="hidden">
      {Object.entries(SHAPES).map(([name, shape]) => (
        <symbol key={name} id={`i-${name}`} viewBox="0 0 24 24">
          {shape}
        </symbol>
      ))}
    </svg>
  );
}

/** Decorative: whatever the icon means is said in text next to it. */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg aria-hidden className={className}>
      <use href={`#i-${name}`} />
    </svg>
  );
}

export function ChannelIcon({ channel, className }: { channel: string; className?: string }) {
  return <Icon name={CHANNELS.has(channel) ? (channel as IconName) : "note"} className={className} />;
}
