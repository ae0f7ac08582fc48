// compare.html: a click on a matrix count shows that cell's indicators.
(function () {
  var cells = JSON.parse(document.getElementById("cells").textContent);
  var names = JSON.parse(document.getElementById("names").textContent);
  var view = document.getElementById("cell-view");
  function show(key) {
    var data = cells[key];
    if (!data) { return; }
    var parts = key.split("-");
    document.getElementById("cell-title").textContent =
      names.places[+parts[1]] + " — " + names.themes[+parts[0]];
    var list = document.getElementById("cell-list");
    list.textContent = "";
    data.list.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item[0] + (item[1] > 1 ? " (" + item[1] + "×)" : "");
      list.appendChild(li);
    });
    document.getElementById("cell-more").textContent =
      data.more > 0 ? data.more + " more in indicator_groups.csv" : "";
    document.querySelectorAll("button.cell.on").forEach(function (b) { b.classList.remove("on"); });
    var button = document.querySelector('button.cell[data-cell="' + key + '"]');
    if (button) { button.classList.add("on"); }
    view.hidden = false;
  }
  document.querySelectorAll("button.cell").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-cell");
      history.replaceState(null, "", "#cell=" + key);
      show(key);
      view.scrollIntoView({ block: "nearest" });
    });
  });
  var m = /^#cell=(\d+-\d+)$/.exec(location.hash);
  if (m) { show(m[1]); }
})();
