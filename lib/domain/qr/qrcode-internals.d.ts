// The error-correction tables of qrcode 1.5 (ISO/IEC 18004 Table 9), which ./encode.ts reads instead
// of keeping a copy. The functions compare the level by identity with the objects of
// error-correction-level, so both modules are declared.
declare module "qrcode/lib/core/error-correction-level" {
  export interface QrErrorCorrectionLevel {
    bit: number;
  }
  export const L: QrErrorCorrectionLevel;
  export const M: QrErrorCorrectionLevel;
  export const Q: QrErrorCorrectionLevel;
  export const H: QrErrorCorrectionLevel;
}

declare module "qrcode/lib/core/error-correction-code" {
  import type { QrErrorCorrectionLevel } from "qrcode/lib/core/error-correction-level";
  export function getBlocksCount(version: number, level: QrErrorCorrectionLevel): number;
  export function getTotalCodewordsCount(version: number, level: QrErrorCorrectionLevel): number;
}
