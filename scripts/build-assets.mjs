// Builds the front-end assets the Django templates load from static files:
// GOV.UK Frontend compiled with Arial (no GDS Transport font face) and the
// few vendor scripts we serve ourselves. Output goes to build/static/, which
// STATICFILES_DIRS points at. Nothing is fetched at run time from a CDN.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "vendor", "govuk", "images"), { recursive: true });
mkdirSync(join(out, "vendor", "axe"), { recursive: true });
mkdirSync(join(out, "portal", "css"), { recursive: true });

const css = sass.compile(join(root, "portal", "static_src", "portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "portal", "css", "portal.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "vendor", "govuk", "govuk-frontend.min.js"));
// Only the favicons: the crown and crest images are Crown copyright and not ours to use.
for (const name of ["favicon.ico", "favicon.svg"]) {
  cpSync(join(govuk, "assets", "images", name), join(out, "vendor", "govuk", "images", name));
}
cpSync(
  join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"),
  join(out, "vendor", "htmx.min.js"),
);
cpSync(
  join(root, "node_modules", "axe-core", "axe.min.js"),
  join(out, "vendor", "axe", "axe.min.js"),
);
console.log(`assets built in ${out}`);
