// How the browser files here were built (node BUILD.js OUTDIR), run beside the unpacked
// npm packages myanmar-tools-1.2.0/package and typescript 5.6.3 (ts/package).
// Builds the browser files of myanmar-tools 1.2.0 the way its gulpfile does
// (placeholders filled from resources/, NODEJS-only blocks removed, TypeScript
// transpiled to ES5, wrapped as window.google_myanmar_tools).
const fs = require("fs");
const ts = require("./ts/package/lib/typescript.js");
const pkg = "myanmar-tools-1.2.0/package/";
const out = process.argv[2];
const license = fs.readFileSync(pkg + "LICENSE.md", "utf8");
function build(name) {
  let src = fs.readFileSync(pkg + "src/" + name + ".ts", "utf8");
  src = src.replace("<BASE64_DATA_PLACEHOLDER>", () => fs.readFileSync(pkg + "resources/zawgyiUnicodeModel.dat", "base64"));
  for (const [fn, file] of [["getAllRulesZ2U", "Z2U.js"], ["getAllRulesU2Z", "U2Z.js"], ["getAllRulesZNorm", "ZNorm.js"]]) {
    src = src.replace("declare function " + fn + "(): TranslitRule[][]; // PLACEHOLDER", () => fs.readFileSync(pkg + "resources/" + file, "utf8"));
  }
  // preprocess: drop "// @if NODEJS ... // @endif", keep "// @if !NODEJS" blocks
  src = src.replace(/\/\/ @if NODEJS\n[\s\S]*?\/\/ @endif\n/g, "");
  src = src.replace(/\/\/ @if !NODEJS\n([\s\S]*?)\/\/ @endif\n/g, "$1");
  const js = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, strict: true } }).outputText;
  const wrapped = "/*! myanmar-tools 1.2.0 (" + name + "), built for the browser from the npm package's sources.\n" + license + "*/\n" +
    "(function (exports) {\n" + js + "\n})(window.google_myanmar_tools = window.google_myanmar_tools || {});\n";
  fs.writeFileSync(out + "/" + name + ".js", wrapped);
}
build("zawgyi_detector");
build("zawgyi_converter");
