// Clipboard and file download for the framework wizard; a module, since the CSP allows no inline script.
export function copy(text) {
    return navigator.clipboard.writeText(text);
}

export function download(fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
