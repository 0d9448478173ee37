/** A tenant. The code is what people type on sign-in pages; the id never changes. */
export interface Company {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}
