// The board's print button, and where the keyboard focus goes after htmx
// replaced the board: the things htmx attributes cannot say.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

document.addEventListener("htmx:afterSettle", function () {
  if (document.activeElement && document.activeElement !== document.body) {
    return; // htmx kept the focus on a field with an id: leave it there
  }
  // The first of these that is there, in this order: the panel just opened,
  // the move under way, what the last action said, else the board's heading.
  var places = ["#panel-title", ".board-moving", "#board .messagelist", "#board h1"];
  for (var i = 0; i < places.length; i++) {
    var target = document.querySelector(places[i]);
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
      return;
    }
  }
});
