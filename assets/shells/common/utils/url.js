// Builds the web-view address: the H5 address with the identity ticket and the elder-mode
// wish in the fragment, each value encodeURIComponent-ed. The fragment never reaches a server
// or an access log; the H5 reads it once and takes the ticket out of the address.
function webViewSrc(h5Url, ticket, elder) {
  var base = String(h5Url).split("#")[0];
  var params = [];
  if (ticket) params.push("ticket=" + encodeURIComponent(ticket));
  if (elder) params.push("elder=1");
  return params.length ? base + "#" + params.join("&") : base;
}

// Reads a page query value: the H5 encodes every value it puts in /pages/map/map?…
function queryValue(value) {
  if (value === undefined || value === null) return "";
  try {
    return decodeURIComponent(String(value));
  } catch (e) {
    return String(value);
  }
}

module.exports = { webViewSrc: webViewSrc, queryValue: queryValue };
