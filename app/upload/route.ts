import { routeMethods, withRequestLog } from "@/lib/adapters/http/route";
import { uploadPageResponse } from "@/lib/adapters/landing/upload";

const page = withRequestLog("/upload", uploadPageResponse);

export const GET = page;
export const HEAD = page;
export const POST = page;
export const { PUT, PATCH, DELETE } = routeMethods({ GET: page, POST: page });
