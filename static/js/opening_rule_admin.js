// The weekly-hours form lists the visit reasons of the agenda chosen only:
// choosing (another) agenda reloads the form for it. Without JavaScript, the
// first submission names the agenda and the form comes back with its reasons.
window.addEventListener("load", function () {
  var $ = window.django && window.django.jQuery;
  var agenda = document.getElementById("id_agenda");
  if (!$ || !agenda) {
    return; // a weekly opening's agenda is read-only once created
  }
  $(agenda).on("change", function () {
    var url = new URL(window.location.href);
    if ((url.searchParams.get("agenda") || "") === agenda.value) {
      return; // the agenda the reasons are listed for already (select2 fires at start)
    }
    if (agenda.value) {
      url.searchParams.set("agenda", agenda.value);
    } else {
      url.searchParams.delete("agenda");
    }
    window.location.assign(url.toString());
  });
});
