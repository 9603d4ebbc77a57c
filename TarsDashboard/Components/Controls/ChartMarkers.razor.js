// Aligns a chart's change-marker layer with the plot area MudChart drew: its horizontal grid lines span the plot from
// the y-axis labels to the right edge, in the SVG's view box units. Sets the layer's --plot-* bounds as percentages.
export function align(layer) {
    const svg = layer?.parentElement?.querySelector('svg.mud-chart-line');
    const grid = svg?.querySelectorAll('.mud-charts-gridlines-yaxis path');
    const box = svg?.viewBox?.baseVal;
    if (!grid || grid.length === 0 || !box || box.width <= 0 || box.height <= 0) {
        return;
    }

    const first = grid[0].getBBox();
    const last = grid[grid.length - 1].getBBox();
    const top = Math.min(first.y, last.y);
    const bottom = Math.max(first.y + first.height, last.y + last.height);
    const percent = (value, size) => `${(100 * value / size).toFixed(4)}%`;
    layer.style.setProperty('--plot-left', percent(first.x - box.x, box.width));
    layer.style.setProperty('--plot-right', percent(first.x + first.width - box.x, box.width));
    layer.style.setProperty('--plot-top', percent(top - box.y, box.height));
    layer.style.setProperty('--plot-bottom', percent(bottom - box.y, box.height));
}
