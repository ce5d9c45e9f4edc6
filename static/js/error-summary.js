// After a failed submit, take the reader to the list of problems first (it is
// focusable: tabindex="-1"). Without this script the page works the same.
const summary = document.getElementById("error-summary");
if (summary) {
  summary.focus();
}
