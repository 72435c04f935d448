;; numeric.wat: every MVP numeric instruction, sign extension and saturating float-to-int (0xfc 0-7).
;; Kept by hand: each op reads typed locals (0 i32, 1 i64, 2 f32, 3 f64) and drops its result.
(module
  (func $numeric (param i32 i64 f32 f64)
    local.get 0 i32.eqz drop
    local.get 0 i32.clz drop
    local.get 0 i32.ctz drop
    local.get 0 i32.popcnt drop
    local.get 0 i32.extend8_s drop
    local.get 0 i32.extend16_s drop
    local.get 1 i64.eqz drop
    local.get 1 i64.clz drop
    local.get 1 i64.ctz drop
    local.get 1 i64.popcnt drop
    local.get 1 i64.extend8_s drop
    local.get 1 i64.extend16_s drop
    local.get 1 i64.extend32_s drop
    local.get 2 f32.abs drop
    local.get 2 f32.neg drop
    local.get 2 f32.ceil drop
    local.get 2 f32.floor drop
    local.get 2 f32.trunc drop
    local.get 2 f32.nearest drop
    local.get 2 f32.sqrt drop
    local.get 3 f64.abs drop
    local.get 3 f64.neg drop
    local.get 3 f64.ceil drop
    local.get 3 f64.floor drop
    local.get 3 f64.trunc drop
    local.get 3 f64.nearest drop
    local.get 3 f64.sqrt drop
    local.get 0 local.get 0 i32.eq drop
    local.get 0 local.get 0 i32.ne drop
    local.get 0 local.get 0 i32.lt_s drop
    local.get 0 local.get 0 i32.lt_u drop
    local.get 0 local.get 0 i32.gt_s drop
    local.get 0 local.get 0 i32.gt_u drop
    local.get 0 local.get 0 i32.le_s drop
    local.get 0 local.get 0 i32.le_u drop
    local.get 0 local.get 0 i32.ge_s drop
    local.get 0 local.get 0 i32.ge_u drop
    local.get 0 local.get 0 i32.add drop
    local.get 0 local.get 0 i32.sub drop
    local.get 0 local.get 0 i32.mul drop
    local.get 0 local.get 0 i32.div_s drop
    local.get 0 local.get 0 i32.div_u drop
    local.get 0 local.get 0 i32.rem_s drop
    local.get 0 local.get 0 i32.rem_u drop
    local.get 0 local.get 0 i32.and drop
    local.get 0 local.get 0 i32.or drop
    local.get 0 local.get 0 i32.xor drop
    local.get 0 local.get 0 i32.shl drop
    local.get 0 local.get 0 i32.shr_s drop
    local.get 0 local.get 0 i32.shr_u drop
    local.get 0 local.get 0 i32.rotl drop
    local.get 0 local.get 0 i32.rotr drop
    local.get 1 local.get 1 i64.eq drop
    local.get 1 local.get 1 i64.ne drop
    local.get 1 local.get 1 i64.lt_s drop
    local.get 1 local.get 1 i64.lt_u drop
    local.get 1 local.get 1 i64.gt_s drop
    local.get 1 local.get 1 i64.gt_u drop
    local.get 1 local.get 1 i64.le_s drop
    local.get 1 local.get 1 i64.le_u drop
    local.get 1 local.get 1 i64.ge_s drop
    local.get 1 local.get 1 i64.ge_u drop
    local.get 1 local.get 1 i64.add drop
    local.get 1 local.get 1 i64.sub drop
    local.get 1 local.get 1 i64.mul drop
    local.get 1 local.get 1 i64.div_s drop
    local.get 1 local.get 1 i64.div_u drop
    local.get 1 local.get 1 i64.rem_s drop
    local.get 1 local.get 1 i64.rem_u drop
    local.get 1 local.get 1 i64.and drop
    local.get 1 local.get 1 i64.or drop
    local.get 1 local.get 1 i64.xor drop
    local.get 1 local.get 1 i64.shl drop
    local.get 1 local.get 1 i64.shr_s drop
    local.get 1 local.get 1 i64.shr_u drop
    local.get 1 local.get 1 i64.rotl drop
    local.get 1 local.get 1 i64.rotr drop
    local.get 2 local.get 2 f32.eq drop
    local.get 2 local.get 2 f32.ne drop
    local.get 2 local.get 2 f32.lt drop
    local.get 2 local.get 2 f32.gt drop
    local.get 2 local.get 2 f32.le drop
    local.get 2 local.get 2 f32.ge drop
    local.get 2 local.get 2 f32.add drop
    local.get 2 local.get 2 f32.sub drop
    local.get 2 local.get 2 f32.mul drop
    local.get 2 local.get 2 f32.div drop
    local.get 2 local.get 2 f32.min drop
    local.get 2 local.get 2 f32.max drop
    local.get 2 local.get 2 f32.copysign drop
    local.get 3 local.get 3 f64.eq drop
    local.get 3 local.get 3 f64.ne drop
    local.get 3 local.get 3 f64.lt drop
    local.get 3 local.get 3 f64.gt drop
    local.get 3 local.get 3 f64.le drop
    local.get 3 local.get 3 f64.ge drop
    local.get 3 local.get 3 f64.add drop
    local.get 3 local.get 3 f64.sub drop
    local.get 3 local.get 3 f64.mul drop
    local.get 3 local.get 3 f64.div drop
    local.get 3 local.get 3 f64.min drop
    local.get 3 local.get 3 f64.max drop
    local.get 3 local.get 3 f64.copysign drop
    local.get 1 i32.wrap_i64 drop
    local.get 2 i32.trunc_f32_s drop
    local.get 2 i32.trunc_f32_u drop
    local.get 3 i32.trunc_f64_s drop
    local.get 3 i32.trunc_f64_u drop
    local.get 0 i64.extend_i32_s drop
    local.get 0 i64.extend_i32_u drop
    local.get 2 i64.trunc_f32_s drop
    local.get 2 i64.trunc_f32_u drop
    local.get 3 i64.trunc_f64_s drop
    local.get 3 i64.trunc_f64_u drop
    local.get 0 f32.convert_i32_s drop
    local.get 0 f32.convert_i32_u drop
    local.get 1 f32.convert_i64_s drop
    local.get 1 f32.convert_i64_u drop
    local.get 3 f32.demote_f64 drop
    local.get 0 f64.convert_i32_s drop
    local.get 0 f64.convert_i32_u drop
    local.get 1 f64.convert_i64_s drop
    local.get 1 f64.convert_i64_u drop
    local.get 2 f64.promote_f32 drop
    local.get 2 i32.reinterpret_f32 drop
    local.get 3 i64.reinterpret_f64 drop
    local.get 0 f32.reinterpret_i32 drop
    local.get 1 f64.reinterpret_i64 drop
    local.get 2 i32.trunc_sat_f32_s drop
    local.get 2 i32.trunc_sat_f32_u drop
    local.get 3 i32.trunc_sat_f64_s drop
    local.get 3 i32.trunc_sat_f64_u drop
    local.get 2 i64.trunc_sat_f32_s drop
    local.get 2 i64.trunc_sat_f32_u drop
    local.get 3 i64.trunc_sat_f64_s drop
    local.get 3 i64.trunc_sat_f64_u drop
    i32.const 0 i32.const -1 i32.const 2147483647 i32.const -2147483648 i32.const 64 i32.const -65 drop drop drop drop drop drop
    i64.const 0 i64.const -1 i64.const 9223372036854775807 i64.const -9223372036854775808 i64.const 8192 drop drop drop drop drop
    f32.const 0 f32.const -0 f32.const nan f32.const nan:0x200001 f32.const inf f32.const 0x1.fffffep+127 drop drop drop drop drop drop
    f64.const 0 f64.const -0 f64.const -nan f64.const nan:0x8000000000001 f64.const -inf f64.const 3.141592653589793 drop drop drop drop drop drop
  )
  (export "numeric" (func $numeric)))
