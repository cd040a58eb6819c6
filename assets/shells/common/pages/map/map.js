// The native map page the H5 opens with wx.miniProgram.navigateTo / my.navigateTo(
// {url: "/pages/map/map?lat=…&lng=…&name=…&address=…"}) (GCJ-02 coordinates): shows the office
// and hands over to the host's own map (wx.openLocation / my.openLocation), which offers
// route planning. Opened only by the citizen's tap on 导航前往.
var url = require("../../utils/url.js");
var host = require("../../utils/host.js");

Page({
  data: { ok: false, approximate: false, latitude: 0, longitude: 0, name: "", address: "", markers: [], error: "" },

  onLoad: function (query) {
    var latitude = Number(url.queryValue(query.lat));
    var longitude = Number(url.queryValue(query.lng));
    var name = url.queryValue(query.name);
    var address = url.queryValue(query.address);
    // approximate=1: the office's position is only its area, so no route is planned on load
    // (it would lead to an area centre under the office's name); the address is what counts.
    var approximate = url.queryValue(query.approximate) === "1";
    if (!isFinite(latitude) || !isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      this.setData({ name: name, address: address, error: "没有这个地点的坐标，请按地址前往。" });
      return;
    }
    this.setData({
      ok: true,
      latitude: latitude,
      longitude: longitude,
      name: name,
      address: address,
      approximate: approximate,
      error: approximate ? "此位置为大致范围，请按地址前往。" : "",
      markers: [host.marker({ id: 1, latitude: latitude, longitude: longitude, width: 30, height: 40 }, name)],
    });
    if (!approximate) this.navigate();
  },

  copyAddress: function () {
    host.copy(this.data.address);
  },

  navigate: function () {
    var page = this;
    host.openLocation(page.data, function () {
      page.setData({ error: "无法打开地图，请按地址前往。" });
    });
  },
});
