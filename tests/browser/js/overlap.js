// Options of a list that lie on top of the option before them.
(() => {
  const out = [];
  for (const box of document.querySelectorAll('.widget-radio-box, .widget-checkbox, .coachkit-choices')) {
    const items = [...box.querySelectorAll('label')].map(l => l.getBoundingClientRect())
      .filter(r => r.height > 0);
    for (let i = 1; i < items.length; i++) {
      if (items[i].top < items[i-1].bottom - 1) out.push([box.textContent.trim().slice(0, 60), i]);
    }
  }
  return out;
})
