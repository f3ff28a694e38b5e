const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

// n8n resolves "file:" icons relative to the compiled node and credential files in dist/.
function copyIcons() {
	const nodeIcons = src(path.resolve('icons', '*.{png,svg}')).pipe(dest(path.resolve('dist', 'icons')));
	return nodeIcons;
}
