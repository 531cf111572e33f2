import { serveLanding } from "@/lib/landing/serve";

export const GET = serveLanding;
export const HEAD = serveLanding;
