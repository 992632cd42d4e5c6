import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import "./styles.css";

/** The dashboard server tells the page where the gateway is (`/config.json`), so one build serves anywhere. */
const config = (await (await fetch("/config.json")).json()) as { graphqlUrl: string };
const root = document.getElementById("root");
if (root) createRoot(root).render(<App graphqlUrl={config.graphqlUrl} />);
