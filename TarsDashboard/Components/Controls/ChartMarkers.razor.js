// Aligns a chart's change-marker layer with the plot area MudChart drew. Its horizontal grid lines span the plot from
// the y-axis labels to the right edge; the SVG keeps its view box's aspect ratio inside its box, so the plot's place is
// read from where the lines are on screen, relative to the layer, and set as the layer's --plot-* bounds in pixels.
export function align(layer) {
    const svg = layer?.parentElement?.querySelector('svg.mud-chart-line');
    const grid = svg?.querySelectorAll('.mud-charts-gridlines-yaxis path');
    if (!grid || grid.length === 0) {
        return;
    }

    const frame = layer.getBoundingClientRect();
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const line of grid) {
        const box = line.getBoundingClientRect();
        left = Math.min(left, box.left);
        right = Math.max(right, box.right);
        top = Math.min(top, box.top);
        bottom = Math.max(bottom, box.bottom);
    }

    if (!(right > left)) {
        return;
    }

    // A flat series has a single grid line: no height to read from the lines, so the SVG's own box bounds the plot.
    if (!(bottom > top)) {
        const box = svg.getBoundingClientRect();
        top = box.top;
        bottom = box.bottom;
    }

    const px = value => `${value.toFixed(1)}px`;
    layer.style.setProperty('--plot-left', px(left - frame.left));
    layer.style.setProperty('--plot-right', px(right - frame.left));
    layer.style.setProperty('--plot-top', px(top - frame.top));
    layer.style.setProperty('--plot-bottom', px(bottom - frame.top));
}
