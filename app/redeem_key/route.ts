import { routeMethods, withRequestLog } from "@/lib/http/route";
import { serveLanding } from "@/lib/landing/serve";

const landing = withRequestLog("/redeem_key", serveLanding);

export const GET = landing;
export const HEAD = landing;
export const { POST, PUT, PATCH, DELETE } = routeMethods({ GET: landing });
