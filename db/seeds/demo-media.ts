import { encodePng } from "../../app/utils/encode-png.server";

/**
 * The demo conversations' picture and voice note, drawn in code: a few kilobytes
 * of valid PNG and WAV that browsers show and play, with no binary fixtures in
 * the repository. Deterministic, like the rest of the demo data.
 */

/** A shop front as a customer photographs it: sky, a faded blue-and-yellow sign, a wall with a door and a window. */
export function storefrontPng(width = 160, height = 120): Buffer {
  const colorAt = (x: number, y: number): [number, number, number] => {
    if (y < height * 0.25) return [170, 205, 235];
    if (y < height * 0.42) return x % 40 < 28 ? [60, 110, 170] : [230, 200, 70];
    const door = x > width * 0.42 && x < width * 0.58 && y > height * 0.55;
    const pane = x > width * 0.1 && x < width * 0.32 && y > height * 0.55 && y < height * 0.8;
    if (door) return [110, 70, 40];
    if (pane) return [200, 225, 240];
    return y > height * 0.95 ? [120, 120, 120] : [235, 230, 220];
  };
  return encodePng(width, height, colorAt);
}

/**
 * A voice note's stand-in: a hummed phrase (a rising and falling pitch with
 * harmonics, in syllables) as 8 kHz mono 16-bit PCM WAV. WhatsApp's own are
 * Ogg Opus, which cannot be written in a few lines; a browser plays either.
 */
export function voiceNoteWav(seconds = 2): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write("WAVEfmt ", 8, "ascii");
  wav.writeUInt32LE(16, 16); // format chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per sample
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(samples * 2, 40);
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    phase += (2 * Math.PI * (150 + 35 * Math.sin(2 * Math.PI * 0.6 * t))) / rate;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
    const fade = Math.min(1, t / 0.05, (seconds - t) / 0.05);
    const tone = (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)) / 1.75;
    wav.writeInt16LE(Math.round(tone * syllable * fade * 0.6 * 32767), 44 + i * 2);
  }
  return wav;
}
