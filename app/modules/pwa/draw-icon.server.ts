import { encodePng } from "~/utils/encode-png.server";

/** The brand colour (the favicon's and `theme-color`'s rose) and the heart drawn on it. */
export const BRAND_COLOR = "#e11d48";
const ROSE: [number, number, number] = [0xe1, 0x1d, 0x48];
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];

// The classic heart curve (x²+y²−1)³ − x²y³ ≤ 0 spans about x ∈ [−1.14, 1.14], y ∈ [−1, 1.25].
function insideHeart(x: number, y: number) {
  const a = x * x + y * y - 1;
  return a * a * a - x * x * y * y * y <= 0;
}

/**
 * The app icon drawn in code (no binary fixtures in the repository): a white
 * heart on the brand rose, full bleed. `heartWidth` is the heart's share of
 * the side: a maskable icon keeps it inside the central 80 % circle the
 * platforms may crop to. Each pixel averages 4×4 samples, so edges are smooth.
 */
export function drawIconPng(size: number, heartWidth: number): Buffer {
  const scale = 2.3 / (heartWidth * size); // heart units per pixel
  const samples = 4;
  return encodePng(size, size, (px, py) => {
    let hits = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const x = (px + (sx + 0.5) / samples - size / 2) * scale;
        // Flip y (the curve's y grows upwards) and centre the heart's height, which sits 0.125 above the origin.
        const y = -(py + (sy + 0.5) / samples - size / 2) * scale + 0.125;
        if (insideHeart(x, y)) hits++;
      }
    }
    const share = hits / (samples * samples);
    return [0, 1, 2].map((c) => Math.round(ROSE[c] + (WHITE[c] - ROSE[c]) * share)) as [number, number, number];
  });
}
