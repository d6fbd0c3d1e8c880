import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>Nothing has this link. Check the link you were given, or <Link href="/">start from the home page</Link>.</p>
    </>
  );
}
