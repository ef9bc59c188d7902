import { drawIconPng } from "./draw-icon.server";

/**
 * The icons the manifest and the page head declare, by file name under
 * `/icons/`. "any" icons fill most of the square; maskable ones keep the heart
 * within the 80 % safe zone (a 0.5-wide heart fits its circle).
 */
export const APP_ICONS = {
  "icon-192.png": { size: 192, purpose: "any", heartWidth: 0.64 },
  "icon-512.png": { size: 512, purpose: "any", heartWidth: 0.64 },
  "maskable-192.png": { size: 192, purpose: "maskable", heartWidth: 0.5 },
  "maskable-512.png": { size: 512, purpose: "maskable", heartWidth: 0.5 },
  "apple-touch-icon.png": { size: 180, purpose: "apple", heartWidth: 0.56 },
} as const;

export type AppIconName = keyof typeof APP_ICONS;

export function isAppIconName(name: string | undefined): name is AppIconName {
  return name !== undefined && Object.hasOwn(APP_ICONS, name);
}

// Drawn once per process: the pixels never change between requests.
const drawn = new Map<AppIconName, Uint8Array<ArrayBuffer>>();

/** The icon's PNG bytes, in an array a `Response` body accepts (a Buffer's backing store may be shared). */
export function getAppIconPng(name: AppIconName): Uint8Array<ArrayBuffer> {
  let png = drawn.get(name);
  if (!png) {
    png = new Uint8Array(drawIconPng(APP_ICONS[name].size, APP_ICONS[name].heartWidth));
    drawn.set(name, png);
  }
  return png;
}
