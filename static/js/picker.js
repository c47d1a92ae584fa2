// Pickers for many records (foundation/pickers.py), e.g. the libraries attending a training: the multiple
// select becomes a search box, groups (regencies/cities) with their counts and "choose all", and the number
// chosen. The select stays the form's field (every tick selects its option), so the form sends what it
// always sent; without this script the select works as it is.
(function () {
  "use strict";
  let serial = 0;

  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();

  function make(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children);
    return node;
  }

  class Picker {
    constructor(select) {
      this.select = select;
      this.texts = JSON.parse(select.dataset.pickerTexts || "{}");
      this.id = `picker-${++serial}`;
      this.groups = new Map();
      this.items = new Map();
      this.build();
    }

    build() {
      const select = this.select;
      const t = this.texts;
      this.root = make("div", { class: "picker", id: this.id, role: "group", "data-testid": "picker" });
      const label = document.querySelector(`label[for="${select.id}"]`);
      this.search = make("input", {
        type: "search",
        class: "form-control",
        id: `${this.id}-q`,
        placeholder: t.search,
        autocomplete: "off",
        "aria-label": t.search,
        "data-testid": "picker-search",
      });
      if (label) {
        label.id = label.id || `${this.id}-label`;
        this.root.setAttribute("aria-labelledby", label.id);
      }
      const help = document.getElementById(`${select.id}_helptext`);
      if (help && t.help) {
        help.textContent = t.help;
        this.search.setAttribute("aria-describedby", help.id);
      }
      this.count = make("span", { "data-testid": "picker-count" });
      const status = make("p", { class: "picker-status mb-0", "aria-live": "polite" }, `${t.selected}: `, this.count);
      const clear = make("button", { type: "button", class: "btn btn-outline-secondary", text: t.clear });
      clear.addEventListener("click", () => this.setAll([...this.items.values()], false));
      const toolbar = make("div", { class: "picker-toolbar" }, this.search, status, clear);
      this.empty = make("p", { class: "picker-empty text-body-secondary mb-0", hidden: true, text: t.none });
      this.list = make("div", { class: "picker-groups" });
      this.root.append(toolbar, this.list, this.empty);

      for (const child of select.children) {
        if (child.tagName === "OPTGROUP") {
          for (const option of child.children) this.addItem(option, this.group(child.label));
        } else if (child.tagName === "OPTION") {
          this.addItem(child, this.group(""));
        }
      }
      if (select.dataset.pickerSearch) this.root.append(this.buildBeyond());

      this.search.addEventListener("input", () => this.filter());
      this.search.addEventListener("keydown", (event) => {
        if (event.key === "Enter") event.preventDefault(); // filtering, not sending the form
      });
      select.hidden = true;
      select.after(this.root);
      for (const group of this.groups.values()) this.refresh(group);
      this.refreshTotal();
    }

    group(name) {
      let group = this.groups.get(name);
      if (group) return group;
      const n = this.groups.size + 1;
      const allId = `${this.id}-all-${n}`;
      group = { name, items: [] };
      group.badge = make("span", { class: "badge rounded-pill text-bg-secondary" });
      const summary = make(
        "summary",
        { "data-testid": "picker-group" },
        make("span", { class: "picker-group-name", text: name || "—" }),
        group.badge,
      );
      group.all = make("input", { type: "checkbox", class: "form-check-input", id: allId });
      group.all.addEventListener("change", () => {
        this.setAll(
          group.items.filter((item) => !item.li.hidden),
          group.all.checked,
        );
      });
      const allLabel = make("label", { for: allId, class: "picker-row picker-all" }, group.all, `${this.texts.selectAll}`);
      group.all.setAttribute("aria-label", `${this.texts.selectAll}: ${name}`);
      group.list = make("ul", { class: "list-unstyled mb-0" });
      group.details = make("details", { class: "picker-group" }, summary, allLabel, group.list);
      this.groups.set(name, group);
      // Groups stay in the select's order (by name); a group added later goes where its name belongs.
      const next = [...this.groups.values()]
        .filter((other) => other !== group && other.name > name)
        .sort((a, b) => (a.name < b.name ? -1 : 1))[0];
      this.list.insertBefore(group.details, next ? next.details : null);
      return group;
    }

    addItem(option, group) {
      const id = `${this.id}-o-${option.value}`;
      const input = make("input", { type: "checkbox", class: "form-check-input", id, value: option.value });
      input.checked = option.selected;
      const li = make("li", {}, make("label", { for: id, class: "picker-row" }, input, option.textContent));
      const item = { option, input, li, group, haystack: fold(`${option.textContent} ${group.name}`) };
      input.addEventListener("change", () => {
        option.selected = input.checked;
        this.refresh(group);
        this.refreshTotal();
      });
      group.items.push(item);
      group.list.append(li);
      this.items.set(option.value, item);
      return item;
    }

    setAll(items, checked) {
      const touched = new Set();
      for (const item of items) {
        item.input.checked = checked;
        item.option.selected = checked;
        touched.add(item.group);
      }
      for (const group of touched) this.refresh(group);
      this.refreshTotal();
    }

    refresh(group) {
      const chosen = group.items.filter((item) => item.input.checked).length;
      group.badge.textContent = `${chosen}/${group.items.length}`;
      const shown = group.items.filter((item) => !item.li.hidden);
      const shownChosen = shown.filter((item) => item.input.checked).length;
      group.all.checked = shown.length > 0 && shownChosen === shown.length;
      group.all.indeterminate = shownChosen > 0 && shownChosen < shown.length;
    }

    refreshTotal() {
      const chosen = [...this.items.values()].filter((item) => item.input.checked).length;
      this.count.textContent = String(chosen);
    }

    filter() {
      const query = fold(this.search.value.trim());
      let any = false;
      for (const group of this.groups.values()) {
        let shown = 0;
        for (const item of group.items) {
          item.li.hidden = Boolean(query) && !item.haystack.includes(query);
          if (!item.li.hidden) shown += 1;
        }
        group.details.hidden = shown === 0;
        if (query && shown) group.details.open = true;
        any = any || shown > 0;
        this.refresh(group);
      }
      this.empty.hidden = any;
    }

    buildBeyond() {
      const t = this.texts;
      const inputId = `${this.id}-beyond`;
      const input = make("input", { type: "search", class: "form-control", id: inputId, autocomplete: "off" });
      input.setAttribute("aria-describedby", `${inputId}-help`);
      const find = make("button", { type: "button", class: "btn btn-outline-primary", text: t.find });
      const results = make("ul", { class: "list-unstyled mb-0 picker-results", "aria-live": "polite" });
      const run = () => this.findBeyond(input.value.trim(), results);
      find.addEventListener("click", run);
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          run();
        }
      });
      return make(
        "div",
        { class: "picker-beyond", "data-testid": "picker-beyond" },
        make("label", { for: inputId, class: "form-label", text: t.beyond }),
        make("div", { class: "input-group" }, input, find),
        make("div", { class: "form-text", id: `${inputId}-help`, text: t.beyondHelp }),
        results,
      );
    }

    async findBeyond(query, results) {
      const t = this.texts;
      results.replaceChildren();
      if (query.length < 2) return;
      let data;
      try {
        const url = new URL(this.select.dataset.pickerSearch, window.location.href);
        url.searchParams.set("q", query);
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        data = await response.json();
      } catch (error) {
        results.append(make("li", { class: "text-danger", text: t.failed }));
        return;
      }
      if (!data.results.length) results.append(make("li", { class: "text-body-secondary", text: t.none }));
      for (const found of data.results) {
        const value = String(found.id);
        const known = this.items.get(value);
        const button = make("button", { type: "button", class: "btn btn-sm btn-outline-primary", text: t.add });
        const done = () => {
          button.textContent = t.added;
          button.disabled = true;
        };
        if (known && known.input.checked) done();
        button.addEventListener("click", () => {
          const item = this.items.get(value) || this.addOption(found);
          this.setAll([item], true);
          item.group.details.hidden = false;
          item.group.details.open = true;
          done();
        });
        results.append(
          make(
            "li",
            { class: "picker-row justify-content-between" },
            make("span", {}, make("span", { text: found.name }), make("span", { class: "small text-body-secondary", text: ` · ${found.regency}` })),
            button,
          ),
        );
      }
    }

    addOption(found) {
      let optgroup = [...this.select.querySelectorAll("optgroup")].find((g) => g.label === found.regency);
      if (!optgroup) {
        optgroup = make("optgroup", { label: found.regency });
        this.select.append(optgroup);
      }
      const option = new Option(found.name, String(found.id));
      optgroup.append(option);
      return this.addItem(option, this.group(found.regency));
    }
  }

  document.querySelectorAll("select[data-picker]").forEach((select) => new Picker(select));
})();
