// Shows how much of the files has gone up while they upload (a year's returns can be tens of
// megabytes); once they are stored, the import's own page shows the check's progress. Without
// JavaScript, or where the browser cannot report upload progress, the form posts as usual.
import { initAll } from "../govuk/govuk-frontend.min.js";

const megabytes = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

const enhance = () => {
  const form = document.getElementById("main-form");
  const box = document.getElementById("upload-progress");
  if (!form || !box || !window.FormData || !("upload" in new XMLHttpRequest())) {
    return;
  }
  const bar = document.getElementById("upload-bar");
  const stage = document.getElementById("upload-stage");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (refuseTooLarge(form)) {
      return; // said at once: nothing is sent
    }
    const action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    const request = new XMLHttpRequest();
    request.open("POST", action);
    box.hidden = false;
    button.disabled = true;
    stage.textContent = "Uploading the files";

    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) {
        return;
      }
      const percent = Math.floor((100 * progress.loaded) / progress.total);
      bar.value = percent;
      bar.textContent = `${percent}%`;
      stage.textContent = `Uploading the files: ${megabytes(progress.loaded)} of ${megabytes(progress.total)} MB (${percent}%)`;
    });
    request.upload.addEventListener("load", () => {
      bar.value = 100;
      stage.textContent = "Uploaded: storing the files before they are checked";
    });
    request.addEventListener("load", () => {
      const landed = request.responseURL ? new URL(request.responseURL) : action;
      if (landed.pathname !== action.pathname) {
        window.location.assign(landed.href); // the new import's page
        return;
      }
      // The form came back with what is wrong: show it as the page would have.
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      const main = page.getElementById("main-content");
      if (!main) {
        window.location.assign(action.href);
        return;
      }
      document.getElementById("main-content").replaceWith(main);
      document.title = page.title;
      initAll({ scope: main });
      enhance();
    });
    request.addEventListener("error", () => {
      box.hidden = false;
      button.disabled = false;
      stage.textContent = "The upload did not finish: check your connection, then choose Upload and check again.";
    });
    request.send(new FormData(form));
  });
};

// A file past the product's limit is refused before anything is sent (the server refuses it as it
// arrives too): the same words as the server's, in a GOV.UK error summary.
const refuseTooLarge = (form) => {
  const limit = Number(form.dataset.maxFileBytes || 0);
  const input = form.querySelector("input[type=file]");
  if (!limit || !input) {
    return false;
  }
  const megabytes = Math.round(limit / (1024 * 1024));
  const large = Array.from(input.files).filter((file) => file.size > limit);
  if (!large.length) {
    return false;
  }
  const summary = document.createElement("div");
  summary.className = "govuk-error-summary";
  summary.setAttribute("data-module", "govuk-error-summary");
  summary.setAttribute("tabindex", "-1");
  const alert = document.createElement("div");
  alert.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.className = "govuk-error-summary__title";
  title.textContent = "There is a problem";
  const list = document.createElement("ul");
  list.className = "govuk-list govuk-error-summary__list";
  for (const file of large) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${input.id}`;
    link.textContent = `${file.name} is larger than ${megabytes} MB, the largest file the product takes: nothing was uploaded.`;
    item.append(link);
    list.append(item);
  }
  const body = document.createElement("div");
  body.className = "govuk-error-summary__body";
  body.append(list);
  alert.append(title, body);
  summary.append(alert);
  document.querySelectorAll(".govuk-error-summary").forEach((old) => old.remove());
  form.closest(".govuk-grid-column-two-thirds").prepend(summary);
  document.title = document.title.startsWith("Error: ") ? document.title : `Error: ${document.title}`;
  summary.focus();
  return true;
};

enhance();
