/**
 * Preloaded (`--import`) into a server process the SSE benchmark measures:
 * answers "memory" over the IPC channel with process.memoryUsage() taken
 * right after full garbage collections (the process runs with --expose-gc).
 */
process.on("message", (message) => {
  if (message !== "memory") return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  process.send?.({ memory: process.memoryUsage() });
});
