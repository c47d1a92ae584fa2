// Library form: regencies follow the chosen province, villages follow the chosen regency
// (loaded from the portal, limited to the user's area), and fields a level does not use are hidden.
(function () {
  const level = document.querySelector("[data-level-select]");
  const province = document.querySelector("[data-province-select]");
  const regency = document.querySelector("[data-regency-select]");
  const village = document.querySelector("[data-village-select]");
  if (!regency || !village) return;

  const row = (el) => el.closest(".mb-3") || el.parentElement;

  function filterRegencies() {
    if (!province) return;
    const code = province.value;
    for (const option of regency.options) {
      if (!option.value) continue;
      const visible = !code || option.value.startsWith(code + ".");
      option.hidden = !visible;
      option.disabled = !visible;
    }
    if (regency.selectedOptions[0] && regency.selectedOptions[0].disabled) {
      regency.value = "";
      loadVillages();
    }
  }

  async function loadVillages() {
    const selected = village.value;
    const blank = new Option("---------", "");
    village.replaceChildren(blank);
    if (!regency.value) return;
    village.disabled = true;
    try {
      const url = new URL(village.dataset.optionsUrl, window.location.href);
      url.searchParams.set("regency", regency.value);
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      for (const item of data.results) {
        village.add(new Option(item.label, item.code, false, item.code === selected));
      }
    } finally {
      village.disabled = false;
    }
  }

  // On a change the unused fields are emptied too; on load only empty ones are hidden (errors stay visible).
  function showFieldsForLevel(event) {
    if (!level) return;
    const value = level.value;
    const unused = [];
    if (value === "province") unused.push(regency, village);
    if (value === "regency") unused.push(village);
    for (const el of [regency, village]) {
      const hide = unused.includes(el) && (event || !el.value);
      if (hide && event) el.value = "";
      row(el).hidden = hide;
    }
  }

  if (province) province.addEventListener("change", filterRegencies);
  regency.addEventListener("change", loadVillages);
  if (level) level.addEventListener("change", showFieldsForLevel);
  filterRegencies();
  showFieldsForLevel();
})();
