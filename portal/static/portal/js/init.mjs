// Starts GOV.UK Frontend's components. Kept in a file (not inline) so the
// Content Security Policy can forbid inline scripts.
import { initAll } from "../../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
