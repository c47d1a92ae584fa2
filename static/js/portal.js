// Small progressive enhancements; the portal works without them.
document.querySelectorAll(".js-autosubmit").forEach((el) => {
  el.addEventListener("change", () => el.form.submit());
});
// "Copy" buttons: the text of the field they name goes to the clipboard (selected too, to copy by hand).
document.querySelectorAll(".js-copy[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.querySelector(`[data-copy-status="${button.dataset.copyTarget}"]`);
    if (!field) return;
    field.focus();
    field.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } catch (error) {
      copied = document.execCommand && document.execCommand("copy");
    }
    if (status && copied) status.textContent = button.dataset.copied;
  });
});
