// Elements whose text is cut off: scroll size beyond client size where overflow clips.
(() => {
  const out = [];
  const seen = new Set();
  for (const el of document.querySelectorAll('#rendered_cells *, main *')) {
    if (!el.textContent || !el.textContent.trim()) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('.widget-image, img, svg, .coachkit-scroll, input, textarea')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const overflowX = style.overflowX, overflowY = style.overflowY;
    const clipsX = overflowX !== 'visible' && overflowX !== 'auto' && overflowX !== 'scroll';
    const clipsY = overflowY !== 'visible' && overflowY !== 'auto' && overflowY !== 'scroll';
    const cutX = el.scrollWidth > el.clientWidth + 1 && (clipsX || style.textOverflow === 'ellipsis');
    const cutY = el.scrollHeight > el.clientHeight + 1 && clipsY;
    if (cutX || cutY) {
      const text = el.textContent.trim().slice(0, 60);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({tag: el.tagName, cls: String(el.className).slice(0, 60), text,
                scroll: [el.scrollWidth, el.scrollHeight], client: [el.clientWidth, el.clientHeight]});
    }
  }
  return out;
})
