// Every action reads its form through here: a post whose hidden `csrf` field does not match the
// browser's CSRF cookie (double submit) is refused with 403 before anything else happens.
import { CSRF_FIELD, csrfTokensMatch, readCsrfCookie } from '../cookies.server';

export function csrfRefusal(): Response {
  return new Response(
    JSON.stringify({
      kind: 'forbidden',
      message: 'This form has expired or did not come from Satark. Reload the page and try again.',
    }),
    { status: 403, headers: { 'content-type': 'application/json' } },
  );
}

/** The form data of a post that carries this browser's CSRF token; throws a 403 response otherwise. */
export async function readCheckedForm(request: Request): Promise<FormData> {
  // The cookie is read from the request itself: a token minted for this response is not proof.
  const cookieToken = await readCsrfCookie(request.headers.get('cookie'));
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw csrfRefusal();
  }
  if (!csrfTokensMatch(cookieToken, form.get(CSRF_FIELD))) throw csrfRefusal();
  return form;
}
