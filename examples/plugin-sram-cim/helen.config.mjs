// Found by `helen` in this folder or below it: loads this package's plug-in (paths are relative to this file).
export default { plugins: ['./index.js'] };
