// NewsMap's plotly.js: the core (scatter) and the traces the dashboard draws.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choropleth'), require('plotly.js/lib/scattergeo')]);
module.exports = Plotly;
