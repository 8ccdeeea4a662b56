export const handler = async () => ({
  statusCode: 200,
  body: JSON.stringify({ items: [], nextCursor: null }),
});
