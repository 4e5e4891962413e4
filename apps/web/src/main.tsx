import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ChatPage } from "./chat-page.js";
import { type PageConfig, participantFromUrl } from "./config.js";
import { localTranscript } from "./transcript.js";
import { connectWaku } from "./waku-node.js";

const root = createRoot(document.getElementById("root") ?? document.body);
try {
  const config = (await (await fetch("/config.json")).json()) as PageConfig;
  const participant = participantFromUrl(window.location, window.sessionStorage);
  document.title = `${participant.me} — reliable chat`;
  const node = await connectWaku(config, window);
  const transcript = localTranscript(window.localStorage, participant.room, participant.me);
  root.render(
    <StrictMode>
      <ChatPage participant={participant} node={node} transcript={transcript} />
    </StrictMode>,
  );
} catch (error) {
  root.render(<p className="error">Could not start: {String(error)}</p>);
}
