// Profile page of the React client.
import React, { useEffect, useState } from "react";
import DOMPurify from "dompurify";

interface Profile {
  name: string;
  bioHtml: string;
  website: string;
  avatar: string;
}

export function ProfileCard({ userId }: { userId: string }): JSX.Element | null {
  const [profile, setProfile] = useState<Profile | null>(null);

  useEffect(() => {
    fetch(`/api/users/${encodeURIComponent(userId)}`)
      .then((r) => r.json())
      .then((p: Profile) => setProfile(p));
  }, [userId]);

  if (!profile) return null;
  return (
    <section className="profile">
      <h2>{profile.name}</h2>
      {/* techlead-expect: tsx-dangerously-set-inner-html */}
      <div dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />
      {/* techlead-safe */}
      <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(profile.bioHtml) }} />
      {/* techlead-safe */}
      <p className="bio">{profile.bioHtml}</p>
      <img src={profile.avatar} alt={profile.name} />
    </section>
  );
}

export function LiveStatus({ room }: { room: string }): JSX.Element {
  const [status, setStatus] = useState("connecting");
  useEffect(() => {
    // techlead-expect: typescript-insecure-websocket
    const socket = new WebSocket(`ws://status.example.com/rooms/${room}`);
    socket.onmessage = (e: MessageEvent<string>) => setStatus(e.data);
    return () => socket.close();
  }, [room]);
  return <span className="status">{status}</span>;
}

export function SecureStatus({ room }: { room: string }): JSX.Element {
  const [status, setStatus] = useState("connecting");
  useEffect(() => {
    // techlead-safe
    const socket = new WebSocket(`wss://status.example.com/rooms/${encodeURIComponent(room)}`);
    socket.onmessage = (e: MessageEvent<string>) => setStatus(e.data);
    return () => socket.close();
  }, [room]);
  return <span className="status">{status}</span>;
}

export function persistSession(session: { jwt: string; theme: string }): void {
  // techlead-expect: typescript-sensitive-local-storage
  window.localStorage.setItem("jwt", session.jwt);
  // techlead-safe
  window.localStorage.setItem("theme", session.theme);
}

export function notifyHost(height: number): void {
  // techlead-safe
  window.parent.postMessage({ height }, "https://app.example.com");
}
