// GOV.UK Frontend's accordion gives each section button an aria-label
// ("Heading , Show this section") that does not contain the button's visible
// text as one run, which axe-core reports as a label-in-name failure (WCAG
// 2.5.3). Without the aria-label the name comes from the button's own text
// (heading, divider, Show/Hide) and aria-expanded still announces the state.
// The accordion sets the label again on every toggle, so keep removing it.
const observer = new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    if (mutation.target.hasAttribute("aria-label")) {
      mutation.target.removeAttribute("aria-label");
    }
  }
});

for (const button of document.querySelectorAll(".govuk-accordion__section-button")) {
  button.removeAttribute("aria-label");
  observer.observe(button, { attributes: true, attributeFilter: ["aria-label"] });
}
