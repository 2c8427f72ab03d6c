// The board's print button: the one thing htmx attributes cannot say.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
