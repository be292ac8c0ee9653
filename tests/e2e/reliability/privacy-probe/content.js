// The request the privacy check must lay at the extension's door: made by a content script, with its
// page's origin (Firefox gives it the page's principal; only the stack tells).
const target = new URLSearchParams(location.search).get('probe');
if (target) {
  fetch(target, { mode: 'no-cors' }).then(() => {
    document.documentElement.dataset.probe = 'sent';
  });
}
