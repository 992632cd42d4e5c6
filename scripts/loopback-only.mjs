// Preloaded by `npm run email:dev`: the React Email preview server (`email dev`) has no host option and
// listens on every interface. This makes a listen() given only a port bind to 127.0.0.1 instead, so the
// preview (with whatever data it shows) is reachable from this machine only.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [port, second] = args;
  if (typeof port === "number" && (second === undefined || typeof second === "function")) {
    return listen.call(this, port, "127.0.0.1", ...args.slice(1));
  }
  return listen.apply(this, args);
};
