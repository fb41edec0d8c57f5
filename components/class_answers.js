// @ts-check
// The class's answers to a step's self-checks as list items, for the presenter's panel
// (components/present.js) and for a follower's screen and the room's when the presenter shows them
// (components/follow.js): each component's script begins with this one (components/present.py).
// Every text is set as text: questions and choices are authored. A find check's clicks are drawn
// on the page's own map (the player's Leaflet map) as small dots, with the right place ringed.

/**
 * The answers to a step's checks as list items: the question, the count, each choice's count.
 * @param {ClassAnswerRow[]} rows
 * @param {string} rightChoice
 */
function answerItems(rows, rightChoice) {
  const items = [];
  for (const row of rows) {
    const item = document.createElement("div");
    item.className = "sp-present-answer";
    const question = document.createElement("p");
    question.className = "sp-present-answer-question";
    question.textContent = row.question;
    const line = document.createElement("p");
    line.className = "sp-present-answer-line";
    line.textContent = row.line;
    item.append(question, line);
    if (row.spread.length) {
      const spread = document.createElement("ul");
      spread.className = "sp-present-answer-spread";
      for (const choice of row.spread) {
        const li = document.createElement("li");
        li.textContent = choice.count + " \u00b7 " + choice.label + (choice.right ? " " + rightChoice : "");
        if (choice.right) li.className = "sp-right";
        spread.append(li);
      }
      item.append(spread);
    }
    items.push(item);
  }
  return items;
}

/** The class's clicks on one map, replaced when they change. @type {{map: L.Map, group: L.LayerGroup, drawn: string} | null} */
let classPoints = null;

/**
 * The clicks of a step's find checks on the page's map (none: the layer goes). The map may be
 * built again (a language change): the layer follows the map that shows now.
 * @param {ClassAnswerRow[]} rows
 */
function showClassPoints(rows) {
  const built = window.storymap && window.storymap.instance;
  const map = /** @type {L.Map | null} */ (built ? built.map : null);
  const found = rows.filter((row) => row.points);
  // A follower's bar hears the server twice a second: the same dots are not drawn again.
  const drawn = JSON.stringify(found.map((row) => [row.points, row.target]));
  if (classPoints && classPoints.map === map && classPoints.drawn === drawn) return;
  if (classPoints) {
    classPoints.map.removeLayer(classPoints.group);
    classPoints = null;
  }
  if (!map || !window.L || found.length === 0) return;
  const group = window.L.layerGroup();
  for (const row of found) {
    for (const [lat, lon] of row.points) {
      window.L.circleMarker([lat, lon], {
        radius: 5, color: "#7a3e00", weight: 1, fillColor: "#e66100", fillOpacity: 0.6,
        className: "sp-class-point", interactive: false, pane: "places",
      }).addTo(group);
    }
    if (row.target) {
      window.L.circleMarker([row.target[0], row.target[1]], {
        radius: 14, color: "#1d4f91", weight: 4, fill: false, className: "sp-class-target", interactive: false, pane: "places",
      }).addTo(group);
    }
  }
  group.addTo(map);
  classPoints = { map, group, drawn };
}
