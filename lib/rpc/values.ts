/** Values an XML-RPC method may return. JS numbers serialize as <int>; wrap a float to send a <double>. */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export type XmlRpcValue = number | string | boolean | XmlRpcDouble | XmlRpcValue[] | { [key: string]: XmlRpcValue };
