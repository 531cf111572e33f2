import { routeMethods, withRequestLog } from "@/lib/adapters/http/route";
import { serveLanding } from "@/lib/adapters/landing/serve";

const landing = withRequestLog("/redeem_key", serveLanding);

export const GET = landing;
export const HEAD = landing;
export const { POST, PUT, PATCH, DELETE } = routeMethods({ GET: landing });
