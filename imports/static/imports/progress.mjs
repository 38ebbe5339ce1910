// Keeps an import's progress bar moving without reloading the page; reloads once the work is done.
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
const box = document.getElementById("import-progress");
if (box) {
  const bar = document.getElementById("import-bar");
  const stage = document.getElementById("import-stage");
  const percent = document.getElementById("import-percent");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const progress = await response.json();
        bar.value = progress.percent;
        percent.textContent = progress.percent;
        stage.textContent = progress.stage || progress.status_label;
        if (!progress.in_progress || (progress.stale && !document.getElementById("import-stopped"))) {
          // Finished, or stopped (the page then offers to run it again or cancel it).
          window.location.assign(progress.url);
          return;
        }
      }
    } catch (error) {
      // A dropped request: try again at the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
}
