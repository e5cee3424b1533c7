import type { IPBlock } from 'kubernetes-types/networking/v1';
import type { Address, Cidr } from '../net/cidr';
import { cidrHoldsAddress, parseCidr } from '../net/cidr';

export type { Address } from '../net/cidr';
export { parseAddress } from '../net/cidr';

/** A compiled ipBlock: `cidr` minus each `except`, read as the API server reads them. An unparsable cidr matches nothing. */
export class AddressBlock {
  private readonly cidr: Cidr | undefined;
  private readonly except: readonly Cidr[];

  constructor(readonly block: IPBlock) {
    this.cidr = parseCidr(block.cidr);
    this.except = (block.except ?? []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
  }

  /** The whole address space of a family with no exceptions: matches any address of that family. */
  get isEverything(): boolean {
    return this.cidr !== undefined && this.cidr.prefix === 0 && this.except.length === 0;
  }

  contains(address: Address): boolean {
    if (!this.cidr || !cidrHoldsAddress(this.cidr, address)) return false;
    return !this.except.some((e) => cidrHoldsAddress(e, address));
  }
}
