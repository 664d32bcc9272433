import { errorJson } from '@/lib/api/respond';

// nsqadmin answers unknown API paths with 404 {"message":"NOT_FOUND"}, whatever the method.
const notFound = () => errorJson(404, 'NOT_FOUND');

export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE, notFound as PATCH };
