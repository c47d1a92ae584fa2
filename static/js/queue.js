// The verification queue: "select all on this page" and the number selected. Without it, each box still works.
document.querySelectorAll(".js-queue-form").forEach((form) => {
  const boxes = Array.from(form.querySelectorAll('input[name="selected"]'));
  const all = form.querySelector(".js-select-all");
  const count = form.querySelector(".js-selected-count");
  const update = () => {
    const checked = boxes.filter((box) => box.checked).length;
    if (count) count.textContent = String(checked);
    if (all) {
      const input = all.querySelector("input");
      input.checked = checked > 0 && checked === boxes.length;
      input.indeterminate = checked > 0 && checked < boxes.length;
    }
  };
  boxes.forEach((box) => box.addEventListener("change", update));
  if (all && boxes.length) {
    all.hidden = false;
    all.querySelector("input").addEventListener("change", (event) => {
      boxes.forEach((box) => { box.checked = event.target.checked; });
      update();
    });
  }
  update();
});
